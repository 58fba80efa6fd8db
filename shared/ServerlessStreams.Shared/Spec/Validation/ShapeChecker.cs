using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec.Information;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Spec.Validation;

/// <summary>
/// Checks a document against the <see cref="InformationModel"/>: unknown keys, keys that do not apply,
/// missing keys, JSON types, choices, names, durations and ranges. Knows nothing of references between objects.
/// </summary>
internal sealed partial class ShapeChecker(SpecErrorList errors)
{
    public void CheckJob(JsonNode? root) => CheckObject(root, InformationModel.Get(InformationModel.Job), JsonPaths.Root);

    private void CheckObject(JsonNode? node, SpecObject spec, string path)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(WrongType, path, $"expected an object (a {spec.Noun}), found {JsonText.Describe(node)}");
            return;
        }

        foreach (var (key, value) in obj)
        {
            var keyPath = JsonPaths.Property(path, key);
            var field = spec.Field(key);
            if (field is null)
            {
                ReportUnknownField(spec, key, keyPath);
                continue;
            }

            if (field.AppliesWhen is { } applies && ConditionValue(obj, spec, applies) is { } actual && !applies.Values.Contains(actual))
            {
                ReportNotApplicable(spec, key, keyPath, applies, actual);
                continue;
            }

            CheckValue(value, field, keyPath);
        }

        foreach (var field in spec.Fields.Where(f => !obj.ContainsKey(f.Name)))
        {
            var fieldPath = JsonPaths.Property(path, field.Name);
            if (field.Required)
                errors.Add(MissingField, fieldPath, $"{Article(spec.Noun)} {spec.Noun} needs {field.Name}");
            else if (field.RequiredWhen is { } when && ConditionValue(obj, spec, when) is { } actual && when.Values.Contains(actual))
                errors.Add(MissingField, fieldPath, $"{Article(actual)} {actual} {spec.Noun} needs {field.Name}");
        }

        CheckExactlyOne(obj, spec, path);
    }

    private void ReportUnknownField(SpecObject spec, string key, string path)
    {
        var known = spec.Fields.Select(f => f.Name).ToList();
        var hint = NearestName.Find(key, known) is { } nearest
            ? $"; did you mean '{nearest}'?"
            : $"; the known fields are {string.Join(", ", known)}";
        errors.Add(UnknownField, path, $"unknown field '{key}' in {Article(spec.Noun)} {spec.Noun}{hint}");
    }

    private void ReportNotApplicable(SpecObject spec, string key, string path, SpecCondition applies, string actual)
    {
        var message = applies.Field is "type" or "on"
            ? $"{key} applies only to {applies.ValuesText} {spec.Noun}s, not to {Article(actual)} {actual} {spec.Noun}"
            : $"{key} applies only when {applies}; here {applies.Field} is {actual}";
        errors.Add(NotApplicable, path, message);
    }

    private void CheckExactlyOne(JsonObject obj, SpecObject spec, string path)
    {
        if (spec.ExactlyOneOf.Count == 0) return;
        var present = spec.ExactlyOneOf.Where(obj.ContainsKey).ToList();
        var choices = string.Join(", ", spec.ExactlyOneOf.Take(spec.ExactlyOneOf.Count - 1)) + " or " + spec.ExactlyOneOf[^1];
        if (present.Count == 0)
            errors.Add(ExactlyOne, path, $"{Article(spec.Noun)} {spec.Noun} needs one of {choices}");
        else if (present.Count > 1)
            errors.Add(ExactlyOne, path, $"{Article(spec.Noun)} {spec.Noun} takes only one of {choices}, found {string.Join(" and ", present)}");
    }

    /// <summary>The sibling key's value when it is a valid choice; null when absent or invalid (reported elsewhere).</summary>
    private static string? ConditionValue(JsonObject obj, SpecObject spec, SpecCondition condition)
    {
        var value = JsonText.String(obj, condition.Field);
        var field = spec.Field(condition.Field);
        return value is not null && (field is null || field.Choices.Count == 0 || field.Choices.Contains(value)) ? value : null;
    }

    private static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0]) ? "an" : "a";

    private static bool IsString(JsonNode? node) => JsonText.Kind(node) == JsonValueKind.String;

    private static bool IsNumber(JsonNode? node) => JsonText.Kind(node) == JsonValueKind.Number;
}
