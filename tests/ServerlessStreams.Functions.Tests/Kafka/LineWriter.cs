using System.Text;

namespace ServerlessStreams.Functions.Tests.Kafka;

/// <summary>A thread-safe text sink a test can await: completes when a line matching a condition is written.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock gate = new();
    private readonly StringBuilder text = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Found)> waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (gate)
            {
                return text.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (gate)
        {
            text.Append(value);
            var lines = Lines;
            foreach (var waiter in waiters.ToList())
            {
                if (lines.FirstOrDefault(waiter.Matches) is { } line)
                {
                    waiter.Found.TrySetResult(line);
                    waiters.Remove(waiter);
                }
            }
        }
    }

    /// <summary>The first line that matches, once written; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (Lines.FirstOrDefault(matches) is { } existing)
            {
                return existing;
            }

            waiters.Add((matches, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No matching line within {timeout.TotalSeconds} s. Written so far:\n{Text}");
            throw;
        }
    }
}
