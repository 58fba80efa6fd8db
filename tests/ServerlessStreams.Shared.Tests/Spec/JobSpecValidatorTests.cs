using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

public class JobSpecValidatorTests
{
    [Fact]
    public void A_loaded_job_is_valid_again() =>
        Assert.Empty(JobSpecValidator.Validate(SpecJobs.Load(SpecFiles.Fixture("election.json")), JobRegistry.Default));

    [Fact]
    public void Checks_a_model_with_the_paths_of_its_document()
    {
        var job = SpecJobs.Load(SpecFiles.Fixture("election.json"));
        var broken = job with
        {
            Windows = new[] { job.Windows[0], job.Windows[1] with { Task = "votes" }, job.Windows[2] with { TimeoutGap = null } },
            Time = job.Time with { AllowedLateness = TimeSpan.FromSeconds(-1) },
        };

        Assert.Equal(
            [
                new SpecError(MissingField, "$.windows[2].timeoutGap", "a session window needs timeoutGap"),
                new SpecError(OutOfRange, "$.time.allowedLateness", "allowedLateness must be at least 0s, found -1s"),
                new SpecError(WindowTaskNotFunction, "$.windows[1].task", "windows belong to function tasks, and 'votes' is an input"),
            ],
            JobSpecValidator.Validate(broken, JobRegistry.Default));
    }

    [Fact]
    public void Keys_a_model_sets_for_another_kind_are_reported()
    {
        var job = SpecJobs.Load(SpecJobs.Minimal);
        var broken = job with { Triggers = new[] { job.Triggers[0] with { Threshold = 5 } } };

        Assert.Equal(
            [new SpecError(NotApplicable, "$.triggers[0].threshold", "threshold applies only to segment triggers, not to a watermark trigger")],
            JobSpecValidator.Validate(broken, JobRegistry.Default));
    }

    [Fact]
    public void ThrowIfInvalid_passes_a_valid_job_and_throws_for_an_invalid_one()
    {
        var job = SpecJobs.Load(SpecJobs.Minimal);
        JobSpecValidator.ThrowIfInvalid(job, JobRegistry.Default);

        var exception = Assert.Throws<JobSpecException>(() => JobSpecValidator.ThrowIfInvalid(job with { Name = "" }, JobRegistry.Default));
        Assert.Equal([new SpecError(WrongType, "$.name", "name must not be empty")], exception.Errors);
    }
}
