using System.Text.Json.Nodes;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Errors in names, references and the workflow graph.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void Task_names_are_unique_ignoring_case() =>
        AssertOnlyError(With(j => j["catalog"]!.AsArray().Add(new JsonObject { ["name"] = "FN", ["type"] = "function", ["fn"] = "identity" }))
                .Replace("[\"fn\",\"out\"]", "[\"fn\",\"out\"],[\"in\",\"FN\"]"),
            DuplicateName, "$.catalog[3].name", "task name 'FN' is already used by $.catalog[1]");

    [Fact]
    public void Window_ids_are_unique() =>
        AssertOnlyError(With(j => j["windows"]!.AsArray().Add(Window(j).DeepClone())), DuplicateName, "$.windows[1].id",
            "window id 'w' is already used by $.windows[0]");

    [Fact]
    public void Trigger_ids_are_unique() =>
        AssertOnlyError(With(j => j["triggers"]!.AsArray().Add(Trigger(j).DeepClone())), DuplicateName, "$.triggers[1].id",
            "trigger id 't' is already used by $.triggers[0]");

    [Fact]
    public void A_workflow_edge_naming_an_unknown_task_is_an_error() =>
        Assert.Equal(
            [
                new SpecError(UnknownTask, "$.workflow[1][1]", "no task named 'outt' in the catalog; did you mean 'out'?"),
                new SpecError(TaskNotInWorkflow, "$.catalog[2]", "task 'out' is in no edge of the workflow"),
            ],
            Errors(With(j => j["workflow"]![1]![1] = "outt")));

    [Fact]
    public void A_malformed_edge_is_an_error() =>
        AssertOnlyError(With(j => j["workflow"]!.AsArray().Add(new JsonArray("in"))), WrongType, "$.workflow[2]",
            "expected [from, to], a pair of task names, found an array");

    [Fact]
    public void An_edge_given_twice_is_an_error() =>
        AssertOnlyError(With(j => j["workflow"]!.AsArray().Add(new JsonArray("in", "fn"))), DuplicateEdge, "$.workflow[2]",
            "the edge in -> fn appears more than once");

    [Fact]
    public void A_cycle_in_the_workflow_is_an_error()
    {
        var json = With(j =>
        {
            j["catalog"]!.AsArray().Add(new JsonObject { ["name"] = "fn2", ["type"] = "function", ["fn"] = "identity" });
            j["workflow"]!.AsArray().Add(new JsonArray("fn", "fn2"));
            j["workflow"]!.AsArray().Add(new JsonArray("fn2", "fn"));
        });

        AssertOnlyError(json, WorkflowCycle, "$.workflow", "the workflow has a cycle: fn -> fn2 -> fn");
    }

    [Fact]
    public void A_task_edge_to_itself_is_a_cycle() =>
        AssertOnlyError(With(j => j["workflow"]!.AsArray().Add(new JsonArray("fn", "fn"))), WorkflowCycle, "$.workflow",
            "the workflow has a cycle: fn -> fn");

    [Fact]
    public void No_edge_may_lead_into_an_input() =>
        AssertOnlyError(With(j => j["workflow"]!.AsArray().Add(new JsonArray("fn", "in"))), InputHasUpstream, "$.workflow[2][1]",
            "'in' is an input, so no edge may lead into it");

    [Fact]
    public void No_edge_may_leave_an_output() =>
        AssertOnlyError(With(j => j["workflow"]!.AsArray().Add(new JsonArray("out", "fn"))), OutputHasDownstream, "$.workflow[2][0]",
            "'out' is an output, so no edge may leave it");

    [Fact]
    public void Every_task_is_in_the_workflow() =>
        AssertOnlyError(With(j => j["catalog"]!.AsArray().Add(new JsonObject { ["name"] = "audit", ["type"] = "output", ["medium"] = "kafka", ["topic"] = "audit" })),
            TaskNotInWorkflow, "$.catalog[3]", "task 'audit' is in no edge of the workflow");

    [Fact]
    public void A_function_needs_an_upstream_task() =>
        AssertOnlyError(With(j => j["workflow"]![0]![1] = "out"), NoUpstream, "$.catalog[1]",
            "no edge leads into function task 'fn'; it needs an upstream task");

    [Fact]
    public void A_task_with_an_invalid_type_is_still_a_known_task() =>
        AssertOnlyError(With(j => Task(j, 1)["type"] = "fucntion"), InvalidChoice, "$.catalog[1].type",
            "'fucntion' is not a valid type; expected one of input, function, output; did you mean 'function'?");

    [Fact]
    public void A_window_naming_an_unknown_task_is_an_error() =>
        AssertOnlyError(With(j => Window(j)["task"] = "fun"), UnknownTask, "$.windows[0].task", "no task named 'fun' in the catalog; did you mean 'fn'?");

    [Fact]
    public void A_window_belongs_to_a_function_task() =>
        AssertOnlyError(With(j => Window(j)["task"] = "in"), WindowTaskNotFunction, "$.windows[0].task",
            "windows belong to function tasks, and 'in' is an input");

    [Fact]
    public void A_trigger_naming_an_unknown_window_is_an_error() =>
        AssertOnlyError(With(j => Trigger(j)["windowId"] = "ww"), UnknownWindow, "$.triggers[0].windowId", "no window with id 'ww'; did you mean 'w'?");

    [Fact]
    public void A_flow_condition_routes_to_downstream_tasks_only() =>
        Assert.Equal(
            [
                new SpecError(NotDownstream, "$.flowConditions[0].to[0]", "'in' is not downstream of 'fn': the workflow has no edge fn -> in"),
                new SpecError(UnknownTask, "$.flowConditions[0].to[1]", "no task named 'nowhere' in the catalog"),
            ],
            Errors(With(j => j["flowConditions"] = new JsonArray(new JsonObject
            {
                ["from"] = "fn", ["to"] = new JsonArray("in", "nowhere"), ["pred"] = new JsonObject { ["field"] = "ok", ["equals"] = true },
            }))));
}
