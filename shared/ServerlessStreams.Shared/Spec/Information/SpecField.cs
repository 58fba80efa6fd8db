namespace ServerlessStreams.Spec.Information;

/// <summary>One key of one object of a job spec, as the information model describes it.</summary>
internal sealed record SpecField
{
    public required string Name { get; init; }
    public required SpecValueType Type { get; init; }
    public required string Doc { get; init; }
    /// <summary>For <see cref="SpecValueType.Object"/>, <see cref="SpecValueType.ObjectArray"/>, predicates and syncs: the object's name in the model.</summary>
    public string? ObjectName { get; init; }
    /// <summary>The allowed string values, when the key is an enumeration.</summary>
    public EquatableArray<string> Choices { get; init; } = EquatableArray<string>.Empty;
    /// <summary>The value assumed when the key is absent, as JSON text; null when there is none.</summary>
    public string? DefaultJson { get; init; }
    public bool Required { get; init; }
    /// <summary>The key is required when this holds (and <see cref="Required"/> is false).</summary>
    public SpecCondition? RequiredWhen { get; init; }
    /// <summary>The key may appear only when this holds; null when it may always appear.</summary>
    public SpecCondition? AppliesWhen { get; init; }
    public SpecBounds? Bounds { get; init; }

    /// <summary>When the key is required, in words: <c>yes</c>, <c>no</c> or <c>when type is fixed or sliding</c>.</summary>
    public string RequirementText => Required ? "yes" : RequiredWhen is { } when ? $"when {when}" : "no";
}
