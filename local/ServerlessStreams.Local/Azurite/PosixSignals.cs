using System.Runtime.InteropServices;

namespace ServerlessStreams.Local.Azurite;

/// <summary>SIGTERM for a child process: .NET's Process can only kill (SIGKILL), which gives no chance to save.</summary>
internal static class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; 0 when sent.</summary>
    public static int Terminate(int processId) => OperatingSystem.IsWindows() ? -1 : Kill(processId, SigTerm);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
