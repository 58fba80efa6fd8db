using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec.Validation;

namespace ServerlessStreams.Spec;

/// <summary>
/// Validates a model, e.g. one made with <see cref="JobBuilder"/>, exactly as the loader validates a
/// document: the model is written as its document and checked, so errors carry the same codes and paths.
/// </summary>
public static class JobSpecValidator
{
    /// <summary>Every problem of <paramref name="job"/>, each with its code and JSON path; empty when it is valid.</summary>
    public static IReadOnlyList<SpecError> Validate(JobSpec job, JobRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(registry);

        var errors = new List<SpecError>(PredicateValues(job));
        var document = JsonNode.Parse(JobSpecWriter.Write(job, indented: false));
        errors.AddRange(SpecChecker.Check(document, registry));
        return errors;
    }

    /// <summary>Throws a <see cref="JobSpecException"/> listing every error when the job is not valid.</summary>
    public static void ThrowIfInvalid(JobSpec job, JobRegistry registry)
    {
        var errors = Validate(job, registry);
        if (errors.Count > 0) throw new JobSpecException(errors);
    }

    // The one thing a document cannot hold that a model can: a compared value that is not JSON.
    private static IEnumerable<SpecError> PredicateValues(JobSpec job)
    {
        for (var i = 0; i < job.Triggers.Count; i++)
        {
            if (InvalidEquals(job.Triggers[i].Pred, $"$.triggers[{i}].pred.equals") is { } error) yield return error;
        }

        for (var i = 0; i < job.FlowConditions.Count; i++)
        {
            if (InvalidEquals(job.FlowConditions[i].Pred, $"$.flowConditions[{i}].pred.equals") is { } error) yield return error;
        }
    }

    private static SpecError? InvalidEquals(PredicateSpec? pred, string path) =>
        pred?.EqualsJson is { } json && CanonicalJson.TryCanonicalize(json) is null
            ? new SpecError(SpecErrorCodes.InvalidJson, path, $"equals holds '{json}', which is not JSON text (a string value needs quotes)")
            : null;
}
