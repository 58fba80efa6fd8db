using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec.Reading;
using ServerlessStreams.Spec.Validation;

namespace ServerlessStreams.Spec;

/// <summary>
/// Reads a job spec document. Every problem is reported at once, each with its JSON path; a job comes back
/// only when there are none. Comments in the document are allowed; duplicate keys are not.
/// </summary>
public static partial class JobSpecLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads and validates <paramref name="json"/>; the names it uses must be in <paramref name="registry"/>.</summary>
    public static JobSpecLoadResult Load(string json, JobRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(registry);

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            return JobSpecLoadResult.Invalid([new SpecError(SpecErrorCodes.InvalidJson, JsonPaths.Root, Describe(e))]);
        }

        var errors = SpecChecker.Check(root, registry);
        return errors.Count > 0 ? JobSpecLoadResult.Invalid(errors) : JobSpecLoadResult.Valid(JobSpecReader.Read((JsonObject)root!));
    }

    private static string Describe(JsonException e)
    {
        var reason = ParserPosition().Replace(e.Message, "").Trim();
        var place = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
        return $"the document is not valid JSON{place}: {reason}";
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.", RegexOptions.CultureInvariant)]
    private static partial Regex ParserPosition();
}
