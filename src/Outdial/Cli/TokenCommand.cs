using System.CommandLine;
using Outdial.Identity;

namespace Outdial.Cli;

internal static class TokenCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "E-mail of the user whose permissions the token carries.", Required = true };
        var name = new Option<string>("--name") { Description = "A name that says where the token is used.", Required = true };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "Optional expiry, e.g. 2027-12-31." };

        var create = new Command("create", "Create an API token and print it once on standard output.") { user, name, expires };
        create.SetAction(async (parsed, cancellationToken) =>
        {
            await using var tools = await OfflineServices.StartAsync(parsed, cancellationToken);
            var email = parsed.GetRequiredValue(user);
            var accounts = tools.Get<UserAccounts>();
            var owner = await accounts.FindByEmailAsync(email, cancellationToken);
            if (owner is not { IsActive: true })
            {
                await Console.Error.WriteLineAsync($"No active user signs in as '{email}'. Check the e-mail, or create the user in Settings → Users first.");
                return 2;
            }

            try
            {
                var issued = await tools.Get<ApiTokens>().CreateAsync(owner.Id, parsed.GetRequiredValue(name), parsed.GetValue(expires), cancellationToken);
                await Console.Error.WriteLineAsync($"Created API token '{issued.Token.Name}' for {owner.Email}. It is shown only once:");
                await Console.Out.WriteLineAsync(issued.Secret);
                return 0;
            }
            catch (OutdialProblem problem)
            {
                await Console.Error.WriteLineAsync(problem.Message);
                return 2;
            }
        });

        return new Command("token", "Manage API tokens.") { create };
    }
}
