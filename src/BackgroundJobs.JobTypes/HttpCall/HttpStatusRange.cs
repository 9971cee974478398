namespace BackgroundJobs.JobTypes.HttpCall;

/// <summary>An inclusive range of HTTP statuses, <c>{ "min": 200, "max": 299 }</c>.</summary>
public sealed record HttpStatusRange(int Min, int Max)
{
    public static HttpStatusRange Success { get; } = new(200, 299);

    public bool Contains(int status) => status >= Min && status <= Max;

    public override string ToString() => $"{Min}-{Max}";
}
