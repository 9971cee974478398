using System.Reflection;
using System.Text.Json.Serialization;
using ClientJobs = BackgroundJobs.Client.Jobs;
using ClientRequests = BackgroundJobs.Client.Requests;

namespace BackgroundJobs.Server.Tests.Client;

/// <summary>
/// The client ships alone, so it keeps its own copies of the API's records. These tests keep the
/// copies whole: a field the server adds to an answer or a request must be added to the client too.
/// </summary>
public sealed class ClientContractTests
{
    public static TheoryData<Type, Type, string[]> Pairs => new()
    {
        { typeof(Api.Jobs.JobView), typeof(ClientJobs.Job), [] },
        { typeof(Api.Jobs.JobAccepted), typeof(ClientJobs.JobAccepted), [] },
        { typeof(Api.Jobs.JobListView), typeof(ClientJobs.JobPage), [] },
        { typeof(Api.Jobs.JobFailure), typeof(ClientJobs.JobFailure), [] },
        { typeof(Api.Jobs.RetriedJob), typeof(ClientJobs.RetriedJob), [] },
        { typeof(Api.Jobs.BulkRetryResult), typeof(ClientJobs.BulkRetryResult), [] },
        { typeof(Api.ResultFiles.JobResultFile), typeof(ClientJobs.JobResultFile), [] },
        { typeof(Api.Uploads.UploadedFile), typeof(ClientJobs.UploadedFile), [] },
        { typeof(Core.Jobs.JobProgress), typeof(ClientJobs.JobProgress), [] },
        { typeof(Core.Jobs.JobError), typeof(ClientJobs.JobError), [] },
        { typeof(Core.Notifications.JobEvent), typeof(ClientJobs.JobEvent), [] },
        { typeof(Core.Notifications.JobEventData), typeof(ClientJobs.JobEventData), [] },
        { typeof(Core.Notifications.JobEventLinks), typeof(ClientJobs.JobEventLinks), [] },
        { typeof(Core.Notifications.JobCallback), typeof(ClientRequests.JobCallback), [] },
        { typeof(Core.Email.EmailRecipient), typeof(ClientRequests.EmailRecipient), [] },
        { typeof(Core.Email.EmailSenderAddress), typeof(ClientRequests.EmailSender), [] },
        { typeof(JobTypes.Documents.DocumentOperation), typeof(ClientRequests.DocumentOperation), [] },
        { typeof(JobTypes.Documents.DocumentRequest), typeof(ClientRequests.DocumentsJobRequest), [] },

        // Fields the server sets itself and refuses from a client.
        { typeof(JobTypes.BulkEmail.BulkEmailRequest), typeof(ClientRequests.BulkEmailJobRequest), ["RequestBlob"] },
        { typeof(JobTypes.CrmSync.CrmSyncRequest), typeof(ClientRequests.CrmSyncJobRequest), ["Checkpoint"] },
        { typeof(JobTypes.Inference.InferenceRequest), typeof(ClientRequests.InferenceJobRequest), [] },
        { typeof(JobTypes.Reports.ReportRequest), typeof(ClientRequests.ReportJobRequest), ["BulkEmailRun"] },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ClientRecord_HasEveryJsonFieldOfTheServers(Type server, Type client, string[] serverOnly)
    {
        Assert.Equal(JsonFields(server).Except(serverOnly), JsonFields(client));
    }

    [Fact]
    public void ClientJobStatus_HasTheServersValues()
    {
        Assert.Equal(Enum.GetNames<Core.Jobs.JobStatus>(), Enum.GetNames<ClientJobs.JobStatus>());
    }

    [Fact]
    public void ClientEventTypes_AreTheServers()
    {
        Assert.Equal(
            [Core.Notifications.JobEventTypes.Progress, Core.Notifications.JobEventTypes.Completed, Core.Notifications.JobEventTypes.Failed, Core.Notifications.JobEventTypes.Canceled],
            [ClientJobs.JobEventTypes.Progress, ClientJobs.JobEventTypes.Completed, ClientJobs.JobEventTypes.Failed, ClientJobs.JobEventTypes.Canceled]);
    }

    private static string[] JsonFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.Name != "EqualityContract")
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
}
