using System.Diagnostics.CodeAnalysis;

namespace ServerlessStreams.Spec;

/// <summary>Either a valid <see cref="JobSpec"/> or every problem found in the document.</summary>
public sealed class JobSpecLoadResult
{
    private JobSpecLoadResult(JobSpec? job, IReadOnlyList<SpecError> errors)
    {
        Job = job;
        Errors = errors;
    }

    /// <summary>The job, when the document is valid.</summary>
    public JobSpec? Job { get; }

    /// <summary>Every problem, each with its code and JSON path; empty when valid.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>Whether the document is valid, so <see cref="Job"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Job))]
    public bool IsValid => Job is not null;

    internal static JobSpecLoadResult Valid(JobSpec job) => new(job, []);

    internal static JobSpecLoadResult Invalid(IReadOnlyList<SpecError> errors) =>
        errors.Count > 0 ? new(null, errors) : throw new ArgumentException("an invalid result needs at least one error", nameof(errors));

    /// <summary>The job, or a <see cref="JobSpecException"/> listing every error.</summary>
    public JobSpec GetJobOrThrow() => Job ?? throw new JobSpecException(Errors);
}
