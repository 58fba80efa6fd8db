namespace ServerlessStreams.Spec;

/// <summary>The stable codes of <see cref="SpecError"/>; tools may match on them, so they never change meaning.</summary>
public static class SpecErrorCodes
{
    // The document and its shape, checked against the information model.
    public const string InvalidJson = "invalid-json";
    public const string UnknownField = "unknown-field";
    public const string WrongType = "wrong-type";
    public const string MissingField = "missing-field";
    public const string NotApplicable = "not-applicable";
    public const string InvalidChoice = "invalid-choice";
    public const string InvalidDuration = "invalid-duration";
    public const string InvalidName = "invalid-name";
    public const string OutOfRange = "out-of-range";
    public const string ExactlyOne = "exactly-one";
    public const string ConflictingFields = "conflicting-fields";

    // Names and references.
    public const string DuplicateName = "duplicate-name";
    public const string UnknownTask = "unknown-task";
    public const string UnknownWindow = "unknown-window";

    // The workflow.
    public const string DuplicateEdge = "duplicate-edge";
    public const string WorkflowCycle = "workflow-cycle";
    public const string InputHasUpstream = "input-has-upstream";
    public const string OutputHasDownstream = "output-has-downstream";
    public const string NoUpstream = "no-upstream";
    public const string TaskNotInWorkflow = "task-not-in-workflow";
    public const string NotDownstream = "not-downstream";
    public const string InputMedium = "input-medium";

    // Windows and triggers.
    public const string WindowTaskNotFunction = "window-task-not-function";
    public const string RangeLessThanSlide = "range-less-than-slide";
    public const string KeyKindMismatch = "key-kind-mismatch";
    public const string UnknownAggregationKind = "unknown-aggregation-kind";
    public const string AggregationNeedsField = "aggregation-needs-field";
    public const string AggregationCannotMerge = "aggregation-cannot-merge";

    // Names of C# pieces that the registry does not hold.
    public const string UnregisteredFunction = "unregistered-function";
    public const string UnregisteredKeyFunction = "unregistered-key-function";
    public const string UnregisteredPredicate = "unregistered-predicate";
    public const string UnregisteredAggregation = "unregistered-aggregation";
    public const string UnregisteredCallback = "unregistered-callback";
}
