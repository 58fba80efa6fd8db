namespace ServerlessStreams.Spec.Validation;

/// <summary>Collects errors in the order found, once per (code, path).</summary>
internal sealed class SpecErrorList
{
    private readonly List<SpecError> _errors = [];
    private readonly HashSet<(string Code, string Path)> _seen = [];

    public IReadOnlyList<SpecError> Errors => _errors;

    public int Count => _errors.Count;

    public void Add(string code, string path, string message)
    {
        if (_seen.Add((code, path))) _errors.Add(new SpecError(code, path, message));
    }
}
