namespace ServerlessStreams.Spec.Information;

/// <summary>Holds when the sibling key <see cref="Field"/> has one of <see cref="Values"/>.</summary>
internal sealed record SpecCondition(string Field, EquatableArray<string> Values)
{
    public static SpecCondition When(string field, params string[] values) => new(field, values);

    /// <summary>The values as prose: <c>fixed or sliding</c>.</summary>
    public string ValuesText => Values.Count switch
    {
        1 => Values[0],
        _ => string.Join(", ", Values.Take(Values.Count - 1)) + " or " + Values[^1],
    };

    public override string ToString() => $"{Field} is {ValuesText}";
}
