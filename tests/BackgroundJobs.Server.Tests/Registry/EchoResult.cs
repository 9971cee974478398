namespace BackgroundJobs.Server.Tests.Registry;

public sealed record EchoResult(string Echoed);
