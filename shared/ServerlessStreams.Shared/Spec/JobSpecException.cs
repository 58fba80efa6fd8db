namespace ServerlessStreams.Spec;

/// <summary>Thrown when code asks for a job that is not valid; the message lists every error, one per line.</summary>
public sealed class JobSpecException(IReadOnlyList<SpecError> errors)
    : Exception(Describe(errors))
{
    /// <summary>Every problem, each with its code and JSON path.</summary>
    public IReadOnlyList<SpecError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<SpecError> errors) =>
        $"the job spec has {errors.Count} error{(errors.Count == 1 ? "" : "s")}:" + Environment.NewLine +
        string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
