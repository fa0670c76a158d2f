using System.Net.Http.Json;
using System.Text.Json;

namespace Outdial.Testing;

/// <summary>An RFC 9457 problem detail as a client reads it.</summary>
public sealed record Problem(int Status, string Title, string? Detail, Dictionary<string, string[]>? Errors)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new InvalidOperationException(
                $"Expected a problem detail, got {(int)response.StatusCode} {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync()}");
        }

        var problem = await response.Content.ReadFromJsonAsync<Problem>(JsonDefaults.Options);
        return problem ?? throw new JsonException("Empty problem body.");
    }
}
