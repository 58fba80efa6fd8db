using System.Diagnostics;
using System.Text.RegularExpressions;
using Election;
using ServerlessStreams.Local;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>README's first command, <c>run</c>, as a user runs it: the built app as a process of its own.</summary>
public sealed partial class RunCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Run_prints_the_same_results_on_every_run_with_the_same_seed_and_counts_every_voter_once()
    {
        var first = await RunAsync("--count", "1500", "--seed", "5");
        var second = await RunAsync("--count", "1500", "--seed", "5");

        Assert.Equal(Results(first), Results(second));
        var votes = VoteGenerator.Generate(1500, 5).ToList();
        Assert.Contains($"total votes (global window, every 5 s): {ElectionOracle.Total(votes)}", first, StringComparison.Ordinal);
        Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/api/dashboard ", first);
        Assert.Matches(@"metrics \(Prometheus\): http://127\.0\.0\.1:\d+/metrics", first);
        foreach (var (candidate, count) in ElectionOracle.Standings(votes))
            Assert.Matches($@"(?m)^  {Regex.Escape(candidate)}\s+{count}$", first);
    }

    /// <summary>Everything <c>run</c> prints from the first result line on, without its closing timing.</summary>
    private static string Results(string output)
    {
        var start = output.IndexOf("total votes", StringComparison.Ordinal);
        Assert.True(start >= 0, $"run printed no results:\n{output}");
        return DoneLine().Replace(output[start..], "");
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var app = FunctionAppFolder.Locate();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(app, "Election.dll"));
        start.ArgumentList.Add("run");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"run did not finish within {Limit}:\n{await output}\n{await errors}");
        }
        Assert.True(process.ExitCode == 0, $"run exited with {process.ExitCode}:\n{await output}\n{await errors}");
        return (await output).ReplaceLineEndings("\n");
    }

    [GeneratedRegex(@"done in [0-9.]+ s\n?")]
    private static partial Regex DoneLine();
}
