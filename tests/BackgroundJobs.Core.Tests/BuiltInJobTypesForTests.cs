using BackgroundJobs.Core.BulkEmail;
using BackgroundJobs.Core.CrmSync;
using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.Tests;

/// <summary>Core tests run without a host, so they add the built-in types to the registry as the hosts' lines do.</summary>
internal static class BuiltInJobTypesForTests
{
    public static void Register()
    {
        JobTypeRegistry.Add(BulkEmailJob.Descriptor);
        JobTypeRegistry.Add(CrmSyncJob.Descriptor);
    }
}
