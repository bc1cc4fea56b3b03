using System.Threading.Tasks;
using RustLambda.LocalServer.Cli;
using RustLambda.LocalServer.Serving;

namespace RustLambda.LocalServer
{
    public static class Program
    {
        public static Task<int> Main(string[] args) =>
            ServerCommandLine.Create((options, ct) => new LocalServerHost(options, ConsoleOutput.Standard).RunAsync(ct)).Parse(args).InvokeAsync();
    }
}
