using System.Text;

namespace ServerlessStreams.Spec.Information;

/// <summary>Renders the <see cref="InformationModel"/> as the markdown of <c>docs/spec-reference.md</c>.</summary>
internal static class SpecReferenceWriter
{
    public const string RelativePath = "docs/spec-reference.md";

    public static string Write()
    {
        var text = new StringBuilder();
        text.Append("# Job spec reference\n\n")
            .Append("<!-- Generated from the information model in shared/ServerlessStreams.Shared/Spec/Information; do not edit by hand. -->\n\n")
            .Append("A job is a JSON document; `JobBuilder` builds the same model in C#. Unknown keys are errors. ")
            .Append("Validation reports every problem at once, each with its JSON path and a stable code.\n\n")
            .Append($"Durations are strings: {Durations.Expected}. ")
            .Append("Names (the job's, tasks', windows' and triggers') start with a letter, then letters, digits, `-` or `_`, at most 63 characters.\n");

        foreach (var obj in InformationModel.Objects) WriteObject(text, obj);
        return text.ToString();
    }

    private static void WriteObject(StringBuilder text, SpecObject obj)
    {
        text.Append($"\n## {obj.Name}\n\n")
            .Append($"At `{obj.Path}`. {obj.Doc}\n");
        if (obj.StringForm is { } form) text.Append($"\nInstead of an object, the value may be a string: {form}.\n");
        if (obj.ExactlyOneOf.Count > 0) text.Append($"\nExactly one of {string.Join(", ", obj.ExactlyOneOf.Select(k => $"`{k}`"))}.\n");

        text.Append("\n| Key | Type | Required | Default | Values | Description |\n")
            .Append("|---|---|---|---|---|---|\n");
        foreach (var field in obj.Fields)
        {
            text.Append("| ").AppendJoin(" | ",
                $"`{field.Name}`",
                Cell(SpecValueTypes.Describe(field.Type, field.ObjectName)),
                Cell(field.RequirementText),
                field.DefaultJson is { } value ? $"`{Cell(value)}`" : "",
                Cell(Values(field)),
                Cell(field.Doc)).Append(" |\n");
        }
    }

    private static string Values(SpecField field)
    {
        var parts = new List<string>();
        if (field.Choices.Count > 0) parts.Add(string.Join(", ", field.Choices.Select(c => $"`{c}`")));
        if (field.Bounds is { } bounds) parts.Add(bounds.Describe(field.Type == SpecValueType.Duration));
        if (field.AppliesWhen is { } applies) parts.Add($"only when {applies}");
        return string.Join("; ", parts);
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
