namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>Running counts of a sync, carried across generations. Failed includes records refused before sending.</summary>
public sealed record CrmSyncTotals(long Records, long Created, long Updated, long Failed)
{
    public static CrmSyncTotals Zero { get; } = new(0, 0, 0, 0);

    public CrmSyncTotals Add(CrmBatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(Records + outcome.Records, Created + outcome.Created, Updated + outcome.Updated, Failed + outcome.Failed);
    }

    public CrmSyncTotals AddInvalid(int invalid) => this with { Records = Records + invalid, Failed = Failed + invalid };
}
