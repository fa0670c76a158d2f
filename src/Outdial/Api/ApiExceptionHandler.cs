using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Outdial.Api;

/// <summary>The one place where exceptions become HTTP problem details (RFC 9457).</summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            InvalidInputProblem invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary()) { Title = invalid.Title, Detail = invalid.Message, Status = 400 },
            NotFoundProblem notFound => new ProblemDetails { Title = notFound.Title, Detail = notFound.Message, Status = 404 },
            ForbiddenProblem forbidden => new ProblemDetails { Title = forbidden.Title, Detail = forbidden.Message, Status = 403 },
            ConflictProblem conflict => new ProblemDetails { Title = conflict.Title, Detail = conflict.Message, Status = 409 },
            BadHttpRequestException badRequest => FromBadRequest(badRequest),
            Microsoft.EntityFrameworkCore.DbUpdateException update when Persistence.DatabaseErrors.IsUniqueViolation(update) => new ProblemDetails
            {
                Title = "Conflict",
                Detail = "Another request saved the same value at the same moment (a name, number or e-mail that must be unique). Reload and try again.",
                Status = 409,
            },
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Title = "Unexpected error",
                Detail = "Outdial could not complete the request. Try again; if it keeps failing, give an administrator the traceId.",
                Status = 500,
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"'{field}' is not a known property. Check the spelling against the API reference at /api/docs."
                : $"The value of '{field}' is not valid here: expected {ExpectedFrom(json.Message)}.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Title = "Invalid input",
                Detail = string.IsNullOrEmpty(json.Path) || json.Path == "$"
                    ? "The request body is not valid JSON. Send a JSON object as described at /api/docs."
                    : message,
                Status = exception.StatusCode,
            };
        }

        return new ProblemDetails
        {
            Title = exception.StatusCode == 413 ? "Request too large" : "Bad request",
            Detail = exception.Message + " Check the request against the API reference at /api/docs.",
            Status = exception.StatusCode,
        };
    }

    /// <summary>"$.roleIds[2]" becomes "roleIds[2]"; "$" (the whole body) becomes "body".</summary>
    private static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string ExpectedFrom(string message)
    {
        var match = ConvertMessage().Match(message);
        return match.Success ? "a value of type " + match.Groups[1].Value.Split('.')[^1].TrimEnd('\'') : "a value of the documented type";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"could not be converted to ([^ .]+(?:\.[^ .]+)*)")]
    private static partial System.Text.RegularExpressions.Regex ConvertMessage();

    [LoggerMessage(EventId = 900, Level = LogLevel.Error, Message = "Unexpected error while handling {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
