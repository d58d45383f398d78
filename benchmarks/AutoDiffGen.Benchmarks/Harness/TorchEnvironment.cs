using System;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>Loads libtorch once and remembers its default number of intra-op threads before anyone changes it.</summary>
public static class TorchEnvironment
{
    private static readonly Lazy<int> s_defaultThreads = new(Load);

    /// <summary>libtorch's default intra-op thread count on this machine (read before any <c>set_num_threads</c>).</summary>
    public static int DefaultThreads => s_defaultThreads.Value;

    /// <summary>Loads TorchSharp's native library, with a clear message when it cannot.</summary>
    public static void EnsureLoaded() => _ = s_defaultThreads.Value;

    private static int Load()
    {
        try
        {
            torch.set_default_dtype(torch.float64);
            return torch.get_num_threads();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            throw new InvalidOperationException(
                "TorchSharp's native library did not load. On a libstdc++ older than GCC 13 (e.g. Debian 12) the build runs "
                + "benchmarks/torchsharp-glibcxx-fix/fix-torchsharp-native.sh on the output; run the benchmarks with "
                + "'dotnet run -c Release --project benchmarks/AutoDiffGen.Benchmarks' (which builds first), or run that script "
                + "on the output folder by hand. See benchmarks/README.md.", e);
        }
    }
}
