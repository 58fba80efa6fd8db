using CsCheck;

namespace ServerlessStreams.Testing;

/// <summary>
/// Checks a property over a fixed sequence of generated cases, so a test checks the same inputs on every run.
/// A failure names the case and its CsCheck seed, which <c>Gen.Sample(seed: …)</c> replays and shrinks.
/// </summary>
internal static class FixedSample
{
    private const ulong Seed = 0x5EED_5EED;

    public static void Run<T>(this Gen<T> gen, Action<T> assert, int cases = 1_000)
    {
        for (var i = 0; i < cases; i++)
        {
            var pcg = new PCG(1, Seed + (ulong)i);
            var seed = pcg.ToString();
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} (CsCheck seed {seed}) failed for {value}: {e.Message}");
            }
        }
    }

    public static void Run<T>(this Gen<T> gen, Func<T, bool> property, int cases = 1_000) =>
        gen.Run(value => Assert.True(property(value), $"property does not hold for {value}"), cases);
}
