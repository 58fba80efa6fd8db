namespace ServerlessStreams.Spec;

/// <summary>
/// One problem in a job spec: a stable <see cref="Code"/> (see <see cref="SpecErrorCodes"/>), the JSON path
/// of the place (<c>$.windows[1].range</c>) and a plain sentence.
/// </summary>
public sealed record SpecError(string Code, string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}
