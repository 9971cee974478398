using BackgroundJobs.Api.Http;
using BackgroundJobs.Core.Jobs;
using Microsoft.AspNetCore.Http;

namespace BackgroundJobs.Api.Jobs;

/// <summary>Reads a <see cref="JobFilter"/> from its text form, as the list's query and the bulk retry's body give it.</summary>
public static class JobFilterReader
{
    public static (JobFilter? Filter, IResult? Problem) Read(string? status, string? type, string? createdFrom, string? createdTo)
    {
        JobStatus? parsedStatus = null;
        if (status is not null && (parsedStatus = JobFilter.ParseStatus(status)) is null)
        {
            return (null, Problems.Field("status", $"must be one of {string.Join(", ", Enum.GetNames<JobStatus>().Select(n => n.ToLowerInvariant()))}."));
        }

        if (type is not null && !JobTypeRegistry.Names.Contains(type))
        {
            return (null, Problems.Field("type", $"must be one of {string.Join(", ", JobTypeRegistry.Names)}."));
        }

        DateTimeOffset? from = null;
        if (createdFrom is not null && (from = JobFilter.ParseTime(createdFrom)) is null)
        {
            return (null, Problems.Field("createdFrom", TimeRule));
        }

        DateTimeOffset? to = null;
        if (createdTo is not null && (to = JobFilter.ParseTime(createdTo)) is null)
        {
            return (null, Problems.Field("createdTo", TimeRule));
        }

        return from > to
            ? (null, Problems.Field("createdTo", "must not be before createdFrom."))
            : (new JobFilter(parsedStatus, type, from, to), null);
    }

    private const string TimeRule = "must be an ISO 8601 time with a zone, such as 2026-11-28T05:00:00Z.";
}
