using System.Text.Json.Nodes;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Spec.Validation;

internal sealed partial class ReferenceChecker
{
    private void CheckCatalog(JsonObject root)
    {
        UniqueNames(root, "catalog", "name", "task name");
        foreach (var (index, task) in JsonText.Objects(root, "catalog"))
        {
            var path = ArrayPath("catalog", index);
            var name = JsonText.String(task, "name");
            var type = JsonText.String(task, "type");
            if (name is not null) _taskTypes.TryAdd(name, type is "input" or "function" or "output" ? type : null);

            if (type == "input" && JsonText.String(task, "medium") == "table")
                errors.Add(InputMedium, JsonPaths.Property(path, "medium"), "an input task reads a Kafka topic; medium table is only for outputs");
            if (task.ContainsKey("groupByKey") && task.ContainsKey("groupByFn"))
                errors.Add(ConflictingFields, JsonPaths.Property(path, "groupByFn"), "a task groups by groupByKey or by groupByFn, not both");

            if (JsonText.String(task["ingest"] as JsonObject, "keyField") is { } keyField && task["keyedBy"] is { } keyedBy
                && !(JsonText.String(keyedBy) == keyField || keyedBy is JsonArray { Count: 1 } one && JsonText.String(one[0]) == keyField))
                errors.Add(ConflictingFields, JsonPaths.Property(path, "keyedBy"),
                    $"the ingestion keys records by '{keyField}' (ingest.keyField), so keyedBy must be \"{keyField}\" or absent");

            CheckRegistered(task, "fn", path, registry.Functions, UnregisteredFunction, "function");
            CheckRegistered(task, "groupByFn", path, registry.KeyFunctions, UnregisteredKeyFunction, "key function");
        }
    }

    private void CheckWorkflow(JsonObject root)
    {
        var workflowPath = JsonPaths.Property(JsonPaths.Root, "workflow");
        var edgeList = new List<(string From, string To)>();
        foreach (var (index, node) in JsonText.Elements(root, "workflow"))
        {
            if (node is not JsonArray { Count: 2 } pair || JsonText.String(pair[0]) is not { } from || JsonText.String(pair[1]) is not { } to)
                continue;
            var edgePath = JsonPaths.Index(workflowPath, index);
            var fromKnown = CheckEdgeEnd(from, JsonPaths.Index(edgePath, 0));
            var toKnown = CheckEdgeEnd(to, JsonPaths.Index(edgePath, 1));
            if (!_edges.Add((from, to)))
            {
                errors.Add(DuplicateEdge, edgePath, $"the edge {from} -> {to} appears more than once");
                continue;
            }

            var intoInput = toKnown && _taskTypes[to] == "input";
            var outOfOutput = fromKnown && _taskTypes[from] == "output";
            if (intoInput)
                errors.Add(InputHasUpstream, JsonPaths.Index(edgePath, 1), $"'{to}' is an input, so no edge may lead into it");
            if (outOfOutput)
                errors.Add(OutputHasDownstream, JsonPaths.Index(edgePath, 0), $"'{from}' is an output, so no edge may leave it");

            // Such an edge would also close a cycle; it is reported once, for its real cause.
            if (!intoInput && !outOfOutput) edgeList.Add((from, to));
        }

        if (FindCycle(edgeList) is { } cycle)
            errors.Add(WorkflowCycle, workflowPath, $"the workflow has a cycle: {string.Join(" -> ", cycle)}");

        CheckEveryTaskConnected(root);
    }

    private bool CheckEdgeEnd(string task, string path)
    {
        if (_taskTypes.ContainsKey(task)) return true;
        errors.Add(UnknownTask, path, $"no task named '{task}' in the catalog{NearestName.Hint(task, _taskTypes.Keys)}");
        return false;
    }

    private void CheckEveryTaskConnected(JsonObject root)
    {
        if (root["workflow"] is not JsonArray) return;
        foreach (var (index, task) in JsonText.Objects(root, "catalog"))
        {
            if (JsonText.String(task, "name") is not { } name || !_taskTypes.TryGetValue(name, out var type) || type is null) continue;
            var hasUpstream = _edges.Any(e => e.To == name);
            var hasDownstream = _edges.Any(e => e.From == name);
            if (!hasUpstream && !hasDownstream)
                errors.Add(TaskNotInWorkflow, ArrayPath("catalog", index), $"task '{name}' is in no edge of the workflow");
            else if (!hasUpstream && type is "function" or "output")
                errors.Add(NoUpstream, ArrayPath("catalog", index), $"no edge leads into {type} task '{name}'; it needs an upstream task");
        }
    }

    /// <summary>One cycle as a list of task names that starts and ends with the same task, or null.</summary>
    private static List<string>? FindCycle(List<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var done = new HashSet<string>();
        var stack = new List<string>();
        var onStack = new HashSet<string>();

        List<string>? Visit(string task)
        {
            if (onStack.Contains(task)) return [.. stack.Skip(stack.IndexOf(task)), task];
            if (!done.Add(task)) return null;
            stack.Add(task);
            onStack.Add(task);
            foreach (var to in next.GetValueOrDefault(task) ?? [])
            {
                if (Visit(to) is { } cycle) return cycle;
            }

            stack.RemoveAt(stack.Count - 1);
            onStack.Remove(task);
            return null;
        }

        foreach (var (from, _) in edges)
        {
            if (Visit(from) is { } cycle) return cycle;
        }

        return null;
    }

    private void CheckFlowConditions(JsonObject root)
    {
        foreach (var (index, condition) in JsonText.Objects(root, "flowConditions"))
        {
            var path = ArrayPath("flowConditions", index);
            var from = JsonText.String(condition, "from");
            var fromKnown = from is not null && CheckEdgeEnd(from, JsonPaths.Property(path, "from"));
            foreach (var (toIndex, node) in JsonText.Elements(condition, "to"))
            {
                if (JsonText.String(node) is not { } to) continue;
                var toPath = JsonPaths.Index(JsonPaths.Property(path, "to"), toIndex);
                if (CheckEdgeEnd(to, toPath) && fromKnown && !_edges.Contains((from!, to)))
                    errors.Add(NotDownstream, toPath, $"'{to}' is not downstream of '{from}': the workflow has no edge {from} -> {to}");
            }

            CheckPredicate(condition, path);
        }
    }
}
