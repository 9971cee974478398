using BackgroundJobs.Api.Jobs;
using BackgroundJobs.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace BackgroundJobs.JobTypes.Documents;

/// <summary>The <c>documents</c> job type: its descriptor and the registration line a host calls.</summary>
public static class DocumentsJob
{
    public const string Name = "documents";

    public static JobTypeDescriptor Descriptor { get; } = JobTypeDescriptor.Create<DocumentRequest, DocumentResult, DocumentOrchestrator>(
        Name,
        channels => new DocumentOrchestrator(channels),
        registry => registry
            .AddOrchestrator<ExtractPdfChunkOrchestrator>()
            .AddActivity<InspectDocumentActivity>()
            .AddActivity<ExtractPdfPagesActivity>()
            .AddActivity<ResizeImageActivity>()
            .AddActivity<CompleteDocumentActivity>());

    /// <summary>Adds the type with its validator and its <c>Documents</c> options (checked when the host starts).</summary>
    public static IServiceCollection AddDocumentsJob(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>()
            .BindConfiguration(DocumentOptions.SectionName)
            .Validate(options => options.MaxImagePixels > 0, "Documents:MaxImagePixels must be positive.")
            .Validate(options => options.MaxPdfPages > 0, "Documents:MaxPdfPages must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DocumentRequestValidator>();
        return services.AddJobType<DocumentRequest>(Descriptor, (provider, request, token) => provider.GetRequiredService<DocumentRequestValidator>().ValidateAsync(request, token));
    }
}
