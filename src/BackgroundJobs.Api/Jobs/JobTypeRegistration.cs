using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Api.Jobs;

/// <summary>A job type as one host serves it: its descriptor and how its start handler is built from the host's services.</summary>
public sealed record JobTypeRegistration(JobTypeDescriptor Descriptor, Func<IServiceProvider, JobStartHandler> Start);
