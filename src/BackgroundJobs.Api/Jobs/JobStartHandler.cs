using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BackgroundJobs.Api.Jobs;

/// <summary>What <c>POST /api/jobs/{type}</c> runs for one type: read, validate, start, answer.</summary>
public delegate Task<IResult> JobStartHandler(HttpRequest request, DurableTaskClient client, ManagementLinkFactory links, CancellationToken cancellationToken);
