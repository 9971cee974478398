using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace BackgroundJobs.Functions.Tests.Hosting;

/// <summary>
/// A stand-in for the Durable Functions extension's client answering for one instance, with the
/// fields its gRPC service fills (LocalGrpcListener in azure-functions-durable-extension, Azure Storage
/// task hub): a single-instance read without inputs and outputs carries neither input, output,
/// custom status nor failure; with them it carries all but the failure details, which Azure Storage
/// keeps only as the output text; an instance query carries output and custom status, not the input.
/// </summary>
internal sealed class ExtensionInstance
{
    public ExtensionInstance(Mock<DurableTaskClient> client, string name, string id)
    {
        Name = name;
        Id = id;
        client
            .Setup(c => c.GetInstanceAsync(id, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, bool full, CancellationToken _) =>
            {
                BeforeEachRead?.Invoke();
                return Read(input: full, output: full, customStatus: full);
            });
        client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Returns((OrchestrationQuery? query) => Pageable.Create((string? _, int? _, CancellationToken _) =>
            {
                BeforeEachRead?.Invoke();
                return Task.FromResult(new Page<OrchestrationMetadata>(
                    query?.InstanceIdPrefix is null || id.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal)
                        ? [Read(input: false, output: true, customStatus: true)]
                        : [],
                    null));
            }));
    }

    /// <summary>Runs before every read of the instance, of either kind: a test moves the instance on from here.</summary>
    public Action? BeforeEachRead { get; set; }

    public string Name { get; }

    public string Id { get; }

    public OrchestrationRuntimeStatus Status { get; set; } = OrchestrationRuntimeStatus.Running;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow.AddMinutes(-3);

    public string? Input { get; set; } = "{}";

    public string? Output { get; set; }

    public string? CustomStatus { get; set; }

    private OrchestrationMetadata Read(bool input, bool output, bool customStatus) =>
        new(Name, Id)
        {
            RuntimeStatus = Status,
            CreatedAt = CreatedAt,
            LastUpdatedAt = CreatedAt.AddSeconds(5),
            SerializedInput = input ? Input : null,
            SerializedOutput = output ? Output : null,
            SerializedCustomStatus = customStatus ? CustomStatus : null,
            FailureDetails = null,
        };
}
