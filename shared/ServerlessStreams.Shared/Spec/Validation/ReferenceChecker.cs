using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Spec.Validation;

/// <summary>
/// Checks what the information model cannot see one key at a time: unique names, references between
/// objects, the workflow graph, window and trigger semantics, and names the registry must hold.
/// Reads the document loosely, so problems already reported by <see cref="ShapeChecker"/> are skipped here.
/// </summary>
internal sealed partial class ReferenceChecker(SpecErrorList errors, JobRegistry registry)
{
    // Every named task, with its type when that is valid, so a bad type is not also reported as a missing task.
    private readonly Dictionary<string, string?> _taskTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _windowTypes = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _edges = [];

    public void Check(JsonObject root)
    {
        CheckCatalog(root);
        CheckWorkflow(root);
        CheckWindows(root);
        CheckTriggers(root);
        CheckFlowConditions(root);
    }

    /// <summary>Reports names used twice (ignoring case: they become function names and storage keys) and returns the first index of each.</summary>
    private Dictionary<string, int> UniqueNames(JsonObject root, string array, string key, string what)
    {
        var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (index, obj) in JsonText.Objects(root, array))
        {
            if (JsonText.String(obj, key) is not { } name) continue;
            if (first.TryGetValue(name, out var earlier))
            {
                var path = JsonPaths.Property(JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, array), index), key);
                var earlierPath = JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, array), earlier);
                errors.Add(DuplicateName, path, $"{what} '{name}' is already used by {earlierPath}");
            }
            else
            {
                first[name] = index;
            }
        }

        return first;
    }

    private void CheckRegistered<T>(JsonObject obj, string key, string path, IReadOnlyDictionary<string, T> registered,
        string code, string what)
    {
        if (JsonText.String(obj, key) is not { } name || registered.ContainsKey(name)) return;
        errors.Add(code, JsonPaths.Property(path, key), $"no {what} named '{name}' is registered{NearestName.Hint(name, registered.Keys)}");
    }

    private void CheckPredicate(JsonObject obj, string path)
    {
        // The object form is built in; only a name needs a registration.
        if (obj["pred"] is JsonObject) return;
        CheckRegistered(obj, "pred", path, registry.Predicates, UnregisteredPredicate, "predicate");
    }

    private static string ArrayPath(string array, int index) => JsonPaths.Index(JsonPaths.Property(JsonPaths.Root, array), index);
}
