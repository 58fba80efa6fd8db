using Election;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>The election sample's job, with time settings under which no vote is late, so results are exact.</summary>
internal static class ElectionJob
{
    public static JobRegistry Registry => Registrations.Create();

    public static JobSpec Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "job.json");
        var job = JobSpecLoader.Load(File.ReadAllText(path), Registry).GetJobOrThrow();
        return job with { Time = job.Time with { MaxOutOfOrderness = TimeSpan.FromDays(1) } };
    }
}
