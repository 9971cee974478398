using Azure.Messaging.ServiceBus;
using Azure.Identity;
using Azure.Storage.Blobs;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Storage;
using BackgroundJobs.Infrastructure.Email;
using BackgroundJobs.Infrastructure.Events;
using BackgroundJobs.Infrastructure.Http;
using BackgroundJobs.Infrastructure.Storage;
using BackgroundJobs.Infrastructure.Webhooks;
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
    /// <c>Storage:ConnectionString</c>, <c>Storage:BlobServiceUri</c> or <c>Storage:AccountName</c> is set, else a local folder;
    /// SendGrid when <c>SendGrid:ApiKey</c> is set, else the <c>.eml</c> outbox; signed webhooks;
    /// Service Bus events when <c>ServiceBus:Topic</c> and a connection (string or namespace) are set.
    /// All singletons; options are checked when the host starts.
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
        AddWebhooks(services);
        AddEvents(services, configuration);
        return services;
    }

    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .PostConfigure<IServiceProvider>((options, provider) => options.LocalPath = ContentRoot.Resolve(provider, options.LocalPath))
            .Validate(options => IsValidContainerName(options.Container), "Storage:Container must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.LocalPath), "Storage:LocalPath must not be empty.")
            .Validate(options => string.IsNullOrWhiteSpace(options.BlobServiceUri) || IsHttpsUrl(options.BlobServiceUri), "Storage:BlobServiceUri must be an absolute https URL such as https://myaccount.blob.core.windows.net/.")
            .Validate(options => string.IsNullOrWhiteSpace(options.QueueServiceUri) || IsHttpsUrl(options.QueueServiceUri), "Storage:QueueServiceUri must be an absolute https URL such as https://myaccount.queue.core.windows.net/.")
            .Validate(options => string.IsNullOrWhiteSpace(options.TableServiceUri) || IsHttpsUrl(options.TableServiceUri), "Storage:TableServiceUri must be an absolute https URL such as https://myaccount.table.core.windows.net/.")
            .Validate(options => string.IsNullOrWhiteSpace(options.AccountName) || StorageEndpoints.IsValidAccountName(options.AccountName), "Storage:AccountName must be a storage account name: 3-24 lowercase letters and digits.")
            .ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"])
            || !string.IsNullOrWhiteSpace(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.BlobServiceUri)}"])
            || !string.IsNullOrWhiteSpace(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.AccountName)}"]))
        {
            services.AddSingleton<IBlobStore>(provider =>
            {
                var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return new AzureBlobStore(CreateContainerClient(options), provider.GetRequiredService<ILogger<AzureBlobStore>>());
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
            .Validate(options => EmailAddressRules.IsValidSender(options.From), "Email:From must be a plain e-mail address such as noreply@example.com, with no label mixing look-alike scripts.")
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
            if (configuration.GetValue<bool>($"{SendGridOptions.SectionName}:{nameof(SendGridOptions.EmailActivityLookup)}"))
            {
                services.TryAddSingleton<IEmailDeliveryLookup, SendGridDeliveryLookup>();
            }
        }
        else
        {
            services.AddSingleton<IEmailSender, OutboxEmailSender>();
        }

        // Without a lookup a batch whose attempt died mid-send is reported as "outcome unknown", never resent.
        services.TryAddSingleton<IEmailDeliveryLookup, NoEmailDeliveryLookup>();
    }


    private static void AddWebhooks(IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => o.ActiveSigningSecrets.All(s => s.StartsWith("whsec_", StringComparison.Ordinal)), "Webhooks:SigningSecret and PreviousSigningSecrets must be whsec_... secrets.")
            .Validate(o => o.AttemptTimeoutSeconds is > 0 and <= 120, "Webhooks:AttemptTimeoutSeconds must be between 1 and 120.")
            .Validate(o => o.RetryDelays.Length <= 20 && o.RetryDelays.All(d => d >= TimeSpan.Zero && d <= TimeSpan.FromDays(1)), "Webhooks:RetryDelays must hold at most 20 delays of 0 to 24 hours.")
            .ValidateOnStart();
        services.TryAddSingleton<ICallbackUrlGuard, CallbackUrlGuard>();

        // Webhooks:AttemptTimeoutSeconds bounds each attempt.
        services.AddGuardedHttpClient(StandardWebhookSender.HttpClientName);
        services.TryAddSingleton<StandardWebhookSender>();
        services.TryAddSingleton<IWebhookSender>(provider => provider.GetRequiredService<StandardWebhookSender>());
        services.TryAddSingleton<IWebhookSigner>(provider => provider.GetRequiredService<StandardWebhookSender>());

        // Operators' alert webhook: an address from configuration, so trusted (no private-network
        // rule), but still no redirects and a bounded wait.
        services.AddHttpClient("alerts", client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    /// <summary>
    /// Whether the host publishes job events to a bus, from its configuration alone: job orchestrators
    /// are registered with it before the host's services exist.
    /// </summary>
    public static JobEventChannels JobEventChannelsFrom(IConfiguration configuration) =>
        new(PublishesToBus: ServiceBusOptionsFrom(configuration).IsConfigured);

    private static ServiceBusOptions ServiceBusOptionsFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ServiceBusOptions();
        configuration.GetSection(ServiceBusOptions.SectionName).Bind(options);
        return options;
    }

    private static void AddEvents(IServiceCollection services, IConfiguration configuration)
    {
        var options = ServiceBusOptionsFrom(configuration);

        // The publisher below and the job orchestrators' notion of "a bus is configured" are one test.
        services.TryAddSingleton(new JobEventChannels(PublishesToBus: options.IsConfigured));
        if (!options.IsConfigured)
        {
            services.TryAddSingleton<IJobEventPublisher, NoJobEventPublisher>();
            return;
        }

        // A connection string (a key the operator chose) or, as deployed, the namespace with the app's identity.
        services.AddSingleton(_ => string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new ServiceBusClient(options.FullyQualifiedNamespace, new DefaultAzureCredential())
            : new ServiceBusClient(options.ConnectionString));
        services.AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>().CreateSender(options.Topic));
        services.TryAddSingleton<IJobEventPublisher, ServiceBusJobEventPublisher>();
    }

    /// <summary>
    /// A connection string when there is one (Azurite, or a key the operator chose); otherwise the
    /// service URI with <see cref="DefaultAzureCredential"/>, which on Azure is the managed identity
    /// named by <c>AZURE_CLIENT_ID</c>. Nothing here talks to the network: tokens are fetched on first use.
    /// </summary>
    private static BlobContainerClient CreateContainerClient(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(StorageEndpoints.Blob(options)!, new DefaultAzureCredential()).GetBlobContainerClient(options.Container)
            : new BlobContainerClient(options.ConnectionString, options.Container);

    private static bool IsValidContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(name[0])
        && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("--", StringComparison.Ordinal);

    // A bearer token must never travel in clear text, so the identity-based endpoint must be https.
    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsHttpUrl(string value) => HttpUrl.IsAbsoluteHttp(value);
}
