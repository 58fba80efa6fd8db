using Election;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Testing.Tests;

/// <summary>The election sample as its app registers it, with time settings under which no vote is late, so results are exact.</summary>
internal static class Election
{
    public static JobRegistry Registry => Registrations.Create();

    public static string SpecJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "job.json"));

    public static JobSpec Job()
    {
        var job = JobSpecLoader.Load(SpecJson, Registry).GetJobOrThrow();
        return job with { Time = job.Time with { MaxOutOfOrderness = TimeSpan.FromDays(1) } };
    }

    public static string Vote(string voter, string candidate, string time = "2026-11-03T08:00:00Z") =>
        $$"""{"voterId":"{{voter}}","candidate":"{{candidate}}","eventTime":"{{time}}"}""";
}
