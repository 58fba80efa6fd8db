using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServerlessStreams.Spec.Information;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Spec.Validation;

internal sealed partial class ShapeChecker
{
    private void CheckValue(JsonNode? node, SpecField field, string path)
    {
        switch (field.Type)
        {
            case SpecValueType.String:
                if (RequireText(node, field, path) is { } text && field.Choices.Count > 0) CheckChoice(text, field, path);
                break;
            case SpecValueType.Name:
                if (RequireText(node, field, path) is { } name && !NamePattern().IsMatch(name))
                    errors.Add(InvalidName, path, $"'{name}' is not a valid name: use a letter, then letters, digits, '-' or '_', at most 63 characters");
                break;
            case SpecValueType.TopicName:
                if (RequireText(node, field, path) is { } topic && !TopicPattern().IsMatch(topic) && !AppSettingPattern().IsMatch(topic))
                    errors.Add(InvalidName, path, $"'{topic}' is not a valid Kafka topic: use letters, digits, '.', '_' or '-', at most 249 characters (or an app setting as %Name%)");
                break;
            case SpecValueType.TableName:
                if (RequireText(node, field, path) is { } table && !TablePattern().IsMatch(table))
                    errors.Add(InvalidName, path, $"'{table}' is not a valid Table name: a letter, then 2 to 62 letters or digits");
                break;
            case SpecValueType.Integer:
                if (!IsNumber(node) || !node!.AsValue().TryGetValue<long>(out var integer))
                    WrongTypeError(node, "an integer", path);
                else
                    CheckBounds(integer, field, path, node.ToJsonString());
                break;
            case SpecValueType.Number:
                if (!IsNumber(node)) WrongTypeError(node, "a number", path);
                else CheckBounds(node!.GetValue<double>(), field, path, node.ToJsonString());
                break;
            case SpecValueType.Boolean:
                if (JsonText.Kind(node) is not (JsonValueKind.True or JsonValueKind.False)) WrongTypeError(node, "true or false", path);
                break;
            case SpecValueType.Duration:
                if (!IsString(node)) WrongTypeError(node, "a duration such as \"30s\" or \"PT30S\"", path);
                else CheckDuration(node!.GetValue<string>(), field, path);
                break;
            case SpecValueType.DurationOrNumber:
                if (IsString(node)) CheckDuration(node!.GetValue<string>(), field, path);
                else if (IsNumber(node)) CheckBounds(node!.GetValue<double>(), field, path, node.ToJsonString());
                else WrongTypeError(node, "a duration such as \"5m\" (for a time window key) or a number (for a numeric one)", path);
                break;
            case SpecValueType.FieldNames:
                if (node is JsonArray) CheckStringArray(node, "a field name or an array of field names", path);
                else RequireText(node, field, path, "a field name or an array of field names");
                break;
            case SpecValueType.StringArray:
                CheckStringArray(node, "an array of strings", path);
                break;
            case SpecValueType.Aggregation:
                CheckAggregation(node, path);
                break;
            case SpecValueType.Predicate or SpecValueType.Sync:
                var form = InformationModel.Get(field.ObjectName!);
                if (node is JsonObject) CheckObject(node, form, path);
                else RequireText(node, field, path, $"{form.StringForm} or an object ({string.Join(", ", form.Fields.Select(f => f.Name))})");
                break;
            case SpecValueType.Workflow:
                CheckWorkflow(node, path);
                break;
            case SpecValueType.Object:
                CheckObject(node, InformationModel.Get(field.ObjectName!), path);
                break;
            case SpecValueType.ObjectArray:
                var element = InformationModel.Get(field.ObjectName!);
                if (node is not JsonArray array) WrongTypeError(node, $"an array of {element.Noun}s", path);
                else for (var i = 0; i < array.Count; i++) CheckObject(array[i], element, JsonPaths.Index(path, i));
                break;
            case SpecValueType.Any:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Type, $"no check for {field.Type}");
        }
    }

    /// <summary>The non-empty string, or null after reporting why it is not one.</summary>
    private string? RequireText(JsonNode? node, SpecField field, string path, string? expected = null)
    {
        if (!IsString(node))
        {
            WrongTypeError(node, expected ?? "a string", path);
            return null;
        }

        var text = node!.GetValue<string>();
        if (text.Length > 0) return text;
        errors.Add(WrongType, path, $"{field.Name} must not be empty");
        return null;
    }

    private void CheckChoice(string text, SpecField field, string path)
    {
        if (field.Choices.Contains(text)) return;
        errors.Add(InvalidChoice, path,
            $"'{text}' is not a valid {field.Name}; expected one of {string.Join(", ", field.Choices)}{NearestName.Hint(text, field.Choices)}");
    }

    private void CheckDuration(string text, SpecField field, string path)
    {
        if (!Durations.TryParse(text, out var duration, out var error))
            errors.Add(InvalidDuration, path, error);
        else
            CheckBounds(duration.TotalMilliseconds, field, path, text, duration: true);
    }

    private void CheckBounds(double value, SpecField field, string path, string shown, bool duration = false)
    {
        if (field.Bounds is { } bounds && !bounds.Contains(value))
            errors.Add(OutOfRange, path, $"{field.Name} must be {bounds.Describe(duration)}, found {shown}");
    }

    private void CheckStringArray(JsonNode? node, string expected, string path)
    {
        if (node is not JsonArray array)
        {
            WrongTypeError(node, expected, path);
            return;
        }

        if (array.Count == 0) errors.Add(WrongType, path, $"expected {expected}, found an empty array");
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonText.String(array[i]) is null)
                errors.Add(WrongType, JsonPaths.Index(path, i), $"expected a non-empty string, found {JsonText.Describe(array[i])}");
        }
    }

    private void CheckAggregation(JsonNode? node, string path)
    {
        const string expected = "\"count\", \"collect\", [kind, field] or a registered aggregation's name";
        if (IsString(node))
        {
            if (node!.GetValue<string>().Length == 0) errors.Add(WrongType, path, "aggregation must not be empty");
            return;
        }

        if (node is not JsonArray { Count: 2 } pair)
        {
            WrongTypeError(node, expected, path);
            return;
        }

        var kind = JsonText.String(pair[0]);
        if (kind is null)
            errors.Add(WrongType, JsonPaths.Index(path, 0), $"expected an aggregation kind, found {JsonText.Describe(pair[0])}");
        else if (!InformationModel.FieldAggregations.Contains(kind))
            errors.Add(UnknownAggregationKind, JsonPaths.Index(path, 0),
                $"'{kind}' is not an aggregation kind that takes a field; expected one of {string.Join(", ", InformationModel.FieldAggregations)}" +
                (InformationModel.BuiltInAggregations.Contains(kind) ? $" (write \"{kind}\" on its own)" : NearestName.Hint(kind, InformationModel.FieldAggregations)));

        if (JsonText.String(pair[1]) is null)
            errors.Add(WrongType, JsonPaths.Index(path, 1), $"expected the aggregated field's name, found {JsonText.Describe(pair[1])}");
    }

    private void CheckWorkflow(JsonNode? node, string path)
    {
        if (node is not JsonArray edges)
        {
            WrongTypeError(node, "an array of [from, to] pairs", path);
            return;
        }

        for (var i = 0; i < edges.Count; i++)
        {
            if (edges[i] is not JsonArray { Count: 2 } edge || JsonText.String(edge[0]) is null || JsonText.String(edge[1]) is null)
                errors.Add(WrongType, JsonPaths.Index(path, i), $"expected [from, to], a pair of task names, found {JsonText.Describe(edges[i])}");
        }
    }

    private void WrongTypeError(JsonNode? node, string expected, string path) =>
        errors.Add(WrongType, path, $"expected {expected}, found {JsonText.Describe(node)}");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,249}$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicPattern();

    [GeneratedRegex("^%[A-Za-z_][A-Za-z0-9_.:-]*%$", RegexOptions.CultureInvariant)]
    private static partial Regex AppSettingPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePattern();
}
