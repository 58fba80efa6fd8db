namespace ServerlessStreams.Spec.Information;

/// <summary>One kind of object in a job spec (the job, a catalog entry, a window, …) and its keys.</summary>
internal sealed record SpecObject
{
    /// <summary>The object's name in the model, e.g. <c>catalogEntry</c>.</summary>
    public required string Name { get; init; }
    /// <summary>How messages call one of these, e.g. <c>task</c>.</summary>
    public required string Noun { get; init; }
    /// <summary>Where such objects sit in a spec, e.g. <c>$.catalog[*]</c>.</summary>
    public required string Path { get; init; }
    public required string Doc { get; init; }
    public required EquatableArray<SpecField> Fields { get; init; }
    /// <summary>Keys of which exactly one must be present (empty when there is no such rule).</summary>
    public EquatableArray<string> ExactlyOneOf { get; init; } = EquatableArray<string>.Empty;
    /// <summary>The other form the value may take instead of this object, in words; null when there is none.</summary>
    public string? StringForm { get; init; }

    public SpecField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
