namespace BackgroundJobs.Server.OpenApi;

/// <summary>
/// Short forms for what a route answers, so each route's line in the route maps reads as its
/// contract. Errors are RFC 9457 problems; a 400 carries <c>errors</c> keyed by the field.
/// </summary>
internal static class RouteDocs
{
    public const string Json = "application/json";

    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder route, int status = StatusCodes.Status200OK) =>
        route.Produces<T>(status, Json);

    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            route = status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity
                ? route.ProducesValidationProblem(status)
                : route.ProducesProblem(status);
        }

        return route;
    }

    /// <summary>A JSON body the handler reads itself (the body rules of docs/api.md: UTF-8 JSON, else <c>415</c>).</summary>
    public static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder route, bool optional = false)
        where T : notnull =>
        route.Accepts<T>(optional, Json);

    /// <param name="operationId">The name a client generator gives the call.</param>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string tag, string operationId, string summary) =>
        route.WithTags(tag).WithName(operationId).WithSummary(summary);

    public static RouteHandlerBuilder Accepts<T>(this RouteHandlerBuilder route, IReadOnlyCollection<string> contentTypes)
        where T : notnull =>
        route.Accepts<T>(contentTypes.First(), [.. contentTypes.Skip(1)]);
}
