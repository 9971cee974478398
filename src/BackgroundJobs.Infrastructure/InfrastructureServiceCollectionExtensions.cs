using Azure.Storage.Blobs;
using BackgroundJobs.Core.Documents;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the adapters behind Core's ports, chosen by configuration: Azure Blob Storage when
    /// <c>Storage:ConnectionString</c> is set, else a local folder; SendGrid when <c>SendGrid:ApiKey</c>
    /// is set, else the <c>.eml</c> outbox. All singletons; options are checked when the host starts.
    /// </summary>
    public static IServiceCollection AddBackgroundJobsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // BindConfiguration reads IConfiguration from the container; hosts register it, a bare
        // ServiceCollection (a tool, a test) gets the one passed in.
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        AddStorage(services, configuration);
        AddEmail(services, configuration);
        services.AddOptions<DocumentOptions>()
            .BindConfiguration(DocumentOptions.SectionName)
            .Validate(options => options.MaxImagePixels > 0, "Documents:MaxImagePixels must be positive.")
            .Validate(options => options.MaxPdfPages > 0, "Documents:MaxPdfPages must be positive.")
            .ValidateOnStart();
        return services;
    }

    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .PostConfigure<IServiceProvider>((options, provider) => options.LocalPath = ContentRoot.Resolve(provider, options.LocalPath))
            .Validate(options => IsValidContainerName(options.Container), "Storage:Container must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.LocalPath), "Storage:LocalPath must not be empty.")
            .ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"]))
        {
            services.AddSingleton<IBlobStore>(provider =>
            {
                var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                var container = new BlobContainerClient(options.ConnectionString, options.Container);
                return new AzureBlobStore(container, provider.GetRequiredService<ILogger<AzureBlobStore>>());
            });
        }
        else
        {
            services.AddSingleton<IBlobStore, LocalFolderBlobStore>();
        }
    }

    private static void AddEmail(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .PostConfigure<IServiceProvider>((options, provider) => options.OutboxPath = ContentRoot.Resolve(provider, options.OutboxPath))
            .Validate(options => EmailAddressRules.IsValid(options.From), "Email:From must be a plain e-mail address such as noreply@example.com.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.OutboxPath), "Email:OutboxPath must not be empty.")
            .ValidateOnStart();

        services.AddOptions<SendGridOptions>()
            .BindConfiguration(SendGridOptions.SectionName)
            .Validate(options => options.TimeoutSeconds is > 0 and <= 600, "SendGrid:TimeoutSeconds must be between 1 and 600.")
            .Validate(options => string.IsNullOrEmpty(options.BaseUrl) || IsHttpUrl(options.BaseUrl), "SendGrid:BaseUrl must be an absolute http or https URL.")
            .ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(configuration[$"{SendGridOptions.SectionName}:{nameof(SendGridOptions.ApiKey)}"]))
        {
            // SendGridEmailSender enforces SendGrid:TimeoutSeconds itself; HttpClient's own 100 s must not cut in first.
            services.AddHttpClient(SendGridEmailSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
            services.AddSingleton<IEmailSender, SendGridEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, OutboxEmailSender>();
        }
    }

    private static bool IsValidContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(name[0])
        && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("--", StringComparison.Ordinal);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
