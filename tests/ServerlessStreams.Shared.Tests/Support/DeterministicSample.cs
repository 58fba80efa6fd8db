using CsCheck;

namespace ServerlessStreams.Shared.Tests.Support;

/// <summary>
/// Runs a CsCheck generator over a fixed sequence of seeds, so a property test checks the same cases on every run.
/// A failure names the case and its CsCheck seed (for <c>Check.Sample(seed: …)</c>, which also shrinks it).
/// </summary>
internal static class DeterministicSample
{
    public static void Run<T>(Gen<T> gen, Action<T> assert, int cases, ulong seed, Func<T, string> print)
    {
        for (var i = 0; i < cases; i++)
        {
            var pcg = new PCG(1, seed + (ulong)i);
            var seedText = pcg.ToString();
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} (CsCheck seed {seedText}) failed:\n{print(value)}\n{e.Message}");
            }
        }
    }
}
