using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Infrastructure.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>The <c>bulk-email</c> job type: its descriptor and the registration line a host calls.</summary>
public static class BulkEmailJob
{
    public const string Name = "bulk-email";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<BulkEmailRequest, BulkEmailResult, BulkEmailOrchestrator>(
        Name,
        channels => new BulkEmailOrchestrator(channels),
        registry => registry
            .AddOrchestrator<SendEmailChunkOrchestrator>()
            .AddActivity<PrepareEmailBatchesActivity>()
            .AddActivity<SendEmailBatchActivity>()
            .AddActivity<CompleteBulkEmailActivity>());

    /// <summary>
    /// Adds the type with its validator and its <c>BulkEmail</c> options (checked when the host starts).
    /// It sends through the platform's e-mail sender and delivery lookup (<c>Email</c>, <c>SendGrid</c>),
    /// which the host's infrastructure registers: notifications send e-mail too.
    /// </summary>
    public static IServiceCollection AddBulkEmailJob(this IServiceCollection services)
    {
        services.AddOptions<BulkEmailOptions>()
            .BindConfiguration(BulkEmailOptions.SectionName)
            .Validate(o => o.SendClaimTimeout >= TimeSpan.FromSeconds(1) && o.SendClaimTimeout <= TimeSpan.FromHours(1), "BulkEmail:SendClaimTimeout must be between 00:00:01 and 01:00:00.")
            .Validate(o => o.DeliveryLookupSettleDelay >= TimeSpan.Zero && o.DeliveryLookupSettleDelay <= TimeSpan.FromHours(1), "BulkEmail:DeliveryLookupSettleDelay must be between 00:00:00 and 01:00:00.")
            .Validate<IConfiguration>(
                (o, configuration) => o.SendClaimTimeout > TimeSpan.FromSeconds(SendTimeoutSeconds(configuration)),
                "BulkEmail:SendClaimTimeout must be longer than SendGrid:TimeoutSeconds, or a send still in flight would look abandoned.")
            .ValidateOnStart();
        services.AddSingleton<BulkEmailRequestValidator>();
        return services.AddJobType<BulkEmailRequest>(Descriptor, (provider, request, token) => provider.GetRequiredService<BulkEmailRequestValidator>().ValidateAsync(request, token));
    }

    // Read raw, not through IOptions<SendGridOptions>: its own validation must report its own errors.
    private static int SendTimeoutSeconds(IConfiguration configuration) =>
        configuration.GetValue<int?>($"{SendGridOptions.SectionName}:{nameof(SendGridOptions.TimeoutSeconds)}") ?? new SendGridOptions().TimeoutSeconds;
}
