namespace ServerlessStreams.Spec.Information;

internal static class SpecValueTypes
{
    /// <summary>The JSON type of a value as the reference docs and error messages name it.</summary>
    public static string Describe(SpecValueType type, string? objectName = null) => type switch
    {
        SpecValueType.String => "string",
        SpecValueType.Name => "string (name)",
        SpecValueType.TopicName => "string (Kafka topic)",
        SpecValueType.TableName => "string (Table name)",
        SpecValueType.Integer => "integer",
        SpecValueType.Number => "number",
        SpecValueType.Boolean => "boolean",
        SpecValueType.Duration => "string (duration)",
        SpecValueType.DurationOrNumber => "string (duration) or number",
        SpecValueType.FieldNames => "string or array of strings",
        SpecValueType.StringArray => "array of strings",
        SpecValueType.Aggregation => "string or [kind, field]",
        SpecValueType.Predicate => "string or object (pred)",
        SpecValueType.Sync => "string or object (sync)",
        SpecValueType.Workflow => "array of [from, to]",
        SpecValueType.Object => $"object ({objectName})",
        SpecValueType.ObjectArray => $"array of objects ({objectName})",
        SpecValueType.Any => "any JSON value",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
