namespace ServerlessStreams.Functions.Generation;

/// <summary>One thing wrong with a host.json: where (a JSON path) and why it matters.</summary>
internal sealed record HostJsonProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
