using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Spec.Validation;

/// <summary>Every check of a job document, in one pass over its shape and one over its references.</summary>
internal static class SpecChecker
{
    public static IReadOnlyList<SpecError> Check(JsonNode? root, JobRegistry registry)
    {
        var errors = new SpecErrorList();
        new ShapeChecker(errors).CheckJob(root);
        if (root is JsonObject job) new ReferenceChecker(errors, registry).Check(job);
        return errors.Errors;
    }
}
