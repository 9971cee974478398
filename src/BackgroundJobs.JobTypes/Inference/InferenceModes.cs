namespace BackgroundJobs.JobTypes.Inference;

/// <summary>The two kinds of model call a batch can make, as the request's <c>mode</c> names them.</summary>
public static class InferenceModes
{
    /// <summary><c>POST {Inference:BaseUrl}/chat/completions</c>, one completion per item.</summary>
    public const string Chat = "chat";

    /// <summary><c>POST {Inference:BaseUrl}/embeddings</c>, one vector per item.</summary>
    public const string Embeddings = "embeddings";

    public static bool IsKnown(string? mode) => mode is Chat or Embeddings;
}
