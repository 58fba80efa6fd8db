using System.Diagnostics;

namespace ServerlessStreams.Functions.Tests.Kafka;

/// <summary>
/// The kcat command-line client: an independent Kafka implementation checking that the embedded
/// broker speaks the protocol to more than Confluent's .NET client. Missing kcat is a failure.
/// </summary>
internal static class Kcat
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    public static string Locate()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "kcat", "kafkacat" })
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail("kcat is not installed, and these tests use it as an independent Kafka client: run `apt-get install kcat` (Debian/Ubuntu).");
        return string.Empty;
    }

    /// <summary>Runs kcat with <paramref name="arguments"/>, feeding <paramref name="input"/>; returns its standard output.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, string input = "")
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kcat did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kcat {string.Join(' ', start.ArgumentList)} did not finish within {RunTimeout.TotalSeconds} s. stderr: {await error}");
        }

        Assert.True(process.ExitCode == 0, $"kcat {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}. stderr: {await error}");
        return await output;
    }
}
