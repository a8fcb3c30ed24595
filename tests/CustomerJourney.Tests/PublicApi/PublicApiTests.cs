using System.Runtime.CompilerServices;
using CustomerJourney.Definitions;
using PublicApiGenerator;

namespace CustomerJourney.Tests.PublicApi;

/// <summary>
/// Tracks the public surface of the CustomerJourney package: the generated API must equal the checked-in
/// <c>CustomerJourney.approved.txt</c>. On a change, the test writes <c>CustomerJourney.received.txt</c> beside it
/// (ignored by git) and fails; review the difference and accept it by copying the received file over the approved one.
/// </summary>
public sealed class PublicApiTests
{
    /// <summary>Every package's assembly, by package name. Add a package here when it ships.</summary>
    public static TheoryData<string> Packages => ["CustomerJourney", "CustomerJourney.AspNetCore", "CustomerJourney.DependencyInjection", "CustomerJourney.Hosting", "CustomerJourney.PostgreSql", "CustomerJourney.PostgreSql.DependencyInjection", "CustomerJourney.Reporting", "CustomerJourney.Sqlite", "CustomerJourney.Sqlite.DependencyInjection", "CustomerJourney.Testing"];

    private static System.Reflection.Assembly AssemblyOf(string package) => package switch
    {
        "CustomerJourney" => typeof(JourneyDefinition).Assembly,
        "CustomerJourney.AspNetCore" => typeof(CustomerJourney.AspNetCore.JourneyDashboardOptions).Assembly,
        "CustomerJourney.Reporting" => typeof(CustomerJourney.Reporting.ReportModel).Assembly,
        "CustomerJourney.DependencyInjection" => typeof(CustomerJourney.DependencyInjection.CustomerJourneyBuilder).Assembly,
        "CustomerJourney.Hosting" => typeof(CustomerJourney.Hosting.JourneyDispatcher).Assembly,
        "CustomerJourney.PostgreSql" => typeof(CustomerJourney.PostgreSql.PostgreSqlJourneyStore).Assembly,
        "CustomerJourney.PostgreSql.DependencyInjection" => typeof(CustomerJourney.PostgreSql.PostgreSqlCustomerJourneyBuilderExtensions).Assembly,
        "CustomerJourney.Sqlite" => typeof(CustomerJourney.Sqlite.SqliteJourneyStore).Assembly,
        "CustomerJourney.Sqlite.DependencyInjection" => typeof(CustomerJourney.Sqlite.SqliteCustomerJourneyBuilderExtensions).Assembly,
        "CustomerJourney.Testing" => typeof(CustomerJourney.Testing.JourneyHarness).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(package), package, "Unknown package."),
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_OfEachPackage_MatchesApprovedFile(string package)
    {
        var directory = SourceDirectory();
        var approvedPath = Path.Combine(directory, $"{package}.approved.txt");
        var receivedPath = Path.Combine(directory, $"{package}.received.txt");
        var received = Normalize(AssemblyOf(package).GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            // the DI entry points (AddCustomerJourney, UseSqliteStore, ...) live in Microsoft.Extensions.DependencyInjection and
            // the endpoint mapping (MapJourneyDashboard) in Microsoft.AspNetCore.Builder, by convention
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"],
            // compiler-generated state machine names change with unrelated edits; they are not API
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
        }));
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : string.Empty;

        if (received == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of {package} changed. Review the difference between{Environment.NewLine}  {receivedPath}{Environment.NewLine}and{Environment.NewLine}  {approvedPath}{Environment.NewLine}"
            + $"and, if the change is intended, accept it by copying the received file over the approved one:{Environment.NewLine}  cp \"{receivedPath}\" \"{approvedPath}\"");
    }

    /// <summary>
    /// This file's directory. CI builds map source paths (<c>/_/...</c>), so when the caller path does not exist the
    /// directory is found from the repository root above the test binaries.
    /// </summary>
    private static string SourceDirectory([CallerFilePath] string path = "")
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is not null && Directory.Exists(directory))
        {
            return directory;
        }

        for (var root = new DirectoryInfo(AppContext.BaseDirectory); root is not null; root = root.Parent)
        {
            if (File.Exists(Path.Combine(root.FullName, "CustomerJourney.sln")))
            {
                return Path.Combine(root.FullName, "tests", "CustomerJourney.Tests", "PublicApi");
            }
        }

        throw new DirectoryNotFoundException($"Cannot find the source directory of {nameof(PublicApiTests)} from '{path}' or '{AppContext.BaseDirectory}'.");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
