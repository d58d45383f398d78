using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.ADBench;

/// <summary>
/// <c>dotnet run -c Release -- gmm [--n 1000,10000] [--d 2,10] [--k 5,10]</c>, <c>ba</c>, <c>lstm</c>, <c>torch</c>: the ratio tables
/// (thread CPU time, ADBench's minimum-of-repeats rule); <c>side-by-side --cpp PATH</c> and <c>gmm-one</c>: GMM against
/// C++ (see <see cref="SideBySide"/>). Anything else goes to BenchmarkDotNet (<c>--filter *Gmm*</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0] == "gmm-one") return SideBySide.RunOne(args[1..]);
        if (args.Length > 0 && args[0] == "side-by-side") return SideBySide.Run(args[1..]);
        if (args.Length > 0 && args[0] == "variants") return SideBySide.RunVariants(args[1..]);
        if (args.Length > 0 && args[0] is "gmm" or "ba" or "lstm" or "torch")
        {
            var options = ParseOptions(args.Skip(1).ToArray());
            switch (args[0])
            {
                case "gmm": GmmTable.Run(options); break;
                case "ba": BaTable.Run(options); break;
                case "torch": TorchTable.Run(options); break;
                default: LstmTable.Run(options); break;
            }
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static Dictionary<string, int[]> ParseOptions(string[] args)
    {
        var result = new Dictionary<string, int[]>();
        for (int i = 0; i + 1 < args.Length; i += 2)
            result[args[i].TrimStart('-')] = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return result;
    }
}
