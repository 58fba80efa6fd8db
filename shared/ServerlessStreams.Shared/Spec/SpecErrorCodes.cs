namespace ServerlessStreams.Spec;

/// <summary>The stable codes of <see cref="SpecError"/>; tools may match on them, so they never change meaning.</summary>
public static class SpecErrorCodes
{
    // The document and its shape, checked against the information model.
    /// <summary>The document is not JSON (or has duplicate keys).</summary>
    public const string InvalidJson = "invalid-json";
    /// <summary>A field the model does not have.</summary>
    public const string UnknownField = "unknown-field";
    /// <summary>A value of the wrong JSON type.</summary>
    public const string WrongType = "wrong-type";
    /// <summary>A required field is absent.</summary>
    public const string MissingField = "missing-field";
    /// <summary>A field set where it does not apply (a <c>threshold</c> on a timer trigger).</summary>
    public const string NotApplicable = "not-applicable";
    /// <summary>A value that is not one of the field's choices.</summary>
    public const string InvalidChoice = "invalid-choice";
    /// <summary>A duration that cannot be read.</summary>
    public const string InvalidDuration = "invalid-duration";
    /// <summary>A name, topic or Table name that breaks its naming rules.</summary>
    public const string InvalidName = "invalid-name";
    /// <summary>A value outside the field's bounds.</summary>
    public const string OutOfRange = "out-of-range";
    /// <summary>None, or more than one, of fields of which exactly one is needed.</summary>
    public const string ExactlyOne = "exactly-one";
    /// <summary>Fields that contradict each other (<c>groupByKey</c> and <c>groupByFn</c>).</summary>
    public const string ConflictingFields = "conflicting-fields";

    // Names and references.
    /// <summary>Two tasks, windows or triggers with the same name.</summary>
    public const string DuplicateName = "duplicate-name";
    /// <summary>A reference to a task the catalog does not have.</summary>
    public const string UnknownTask = "unknown-task";
    /// <summary>A reference to a window the job does not have.</summary>
    public const string UnknownWindow = "unknown-window";

    // The workflow.
    /// <summary>The same workflow edge twice.</summary>
    public const string DuplicateEdge = "duplicate-edge";
    /// <summary>A cycle in the workflow.</summary>
    public const string WorkflowCycle = "workflow-cycle";
    /// <summary>An edge into an input task.</summary>
    public const string InputHasUpstream = "input-has-upstream";
    /// <summary>An edge out of an output task.</summary>
    public const string OutputHasDownstream = "output-has-downstream";
    /// <summary>A function or output task that nothing flows to.</summary>
    public const string NoUpstream = "no-upstream";
    /// <summary>A task on no workflow edge.</summary>
    public const string TaskNotInWorkflow = "task-not-in-workflow";
    /// <summary>A flow condition routing to a task that is not downstream of its source.</summary>
    public const string NotDownstream = "not-downstream";
    /// <summary>An input task that does not read Kafka.</summary>
    public const string InputMedium = "input-medium";

    // Windows and triggers.
    /// <summary>A window over a task that is not a function task.</summary>
    public const string WindowTaskNotFunction = "window-task-not-function";
    /// <summary>A sliding window whose range is shorter than its slide.</summary>
    public const string RangeLessThanSlide = "range-less-than-slide";
    /// <summary>A window's lengths that mix durations and plain numbers.</summary>
    public const string KeyKindMismatch = "key-kind-mismatch";
    /// <summary>An aggregation kind that does not exist or takes no field.</summary>
    public const string UnknownAggregationKind = "unknown-aggregation-kind";
    /// <summary>An aggregation that reads a field but names none.</summary>
    public const string AggregationNeedsField = "aggregation-needs-field";
    /// <summary>An aggregation that cannot merge, on a session window.</summary>
    public const string AggregationCannotMerge = "aggregation-cannot-merge";

    // Names of C# pieces that the registry does not hold.
    /// <summary>A task function the registry does not hold.</summary>
    public const string UnregisteredFunction = "unregistered-function";
    /// <summary>A key function the registry does not hold.</summary>
    public const string UnregisteredKeyFunction = "unregistered-key-function";
    /// <summary>A predicate the registry does not hold.</summary>
    public const string UnregisteredPredicate = "unregistered-predicate";
    /// <summary>An aggregation the registry does not hold.</summary>
    public const string UnregisteredAggregation = "unregistered-aggregation";
    /// <summary>A callback the registry does not hold.</summary>
    public const string UnregisteredCallback = "unregistered-callback";
}
