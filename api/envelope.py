"""One success envelope and one error shape for every JSON response of the API (Datasette style).

Success: `{"ok": true, "data": …}`. Error: `{"ok": false, "status": 404, "error": {"code":
"item_not_found", "message": "中文说明", "message_en": "English"}}`. `code` is stable and meant for
programs; `message` is the sentence a user reads. The handlers installed by `install_error_handlers`
turn FastAPI's own errors (unknown route, validation) into the same shape.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    """Every successful JSON answer: `ok` is true and `data` holds the payload."""

    ok: bool = True
    data: T


class ErrorDetail(BaseModel):
    code: str
    message: str
    message_en: str


class ErrorEnvelope(BaseModel):
    """Every failed JSON answer: `ok` is false, `status` repeats the HTTP status."""

    ok: bool = False
    status: int
    error: ErrorDetail


class ApiError(Exception):
    """An error with its HTTP status, stable code, and Chinese and English messages."""

    def __init__(self, status: int, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status = status
        self.code = code
        self.message = message
        self.message_en = message_en


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


def error_response(err: ApiError) -> JSONResponse:
    body = ErrorEnvelope(status=err.status, error=ErrorDetail(code=err.code, message=err.message,
                                                              message_en=err.message_en))
    return JSONResponse(body.model_dump(), status_code=err.status)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorEnvelope, "description": "请求有误"},
    404: {"model": ErrorEnvelope, "description": "找不到所请求的对象"},
    422: {"model": ErrorEnvelope, "description": "参数格式不正确"},
}

_HTTP_MESSAGES = {
    404: ("not_found", "没有这个地址，请查看 /docs 中的接口列表。", "No such path; see /docs for the routes."),
    405: ("method_not_allowed", "此地址不支持该请求方法。", "Method not allowed on this path."),
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [(_location(e), str(e.get("msg", ""))) for e in exc.errors()]
        zh_text = "；".join(f"参数 {loc} 不符合要求（{msg}）" for loc, msg in errors)
        en_text = "; ".join(f"{loc}: {msg}" for loc, msg in errors)
        zh_text += "。请查看 /docs 中的参数说明。"
        return error_response(ApiError(422, "invalid_parameter", zh_text, f"Invalid parameter: {en_text}."))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message, message_en = _HTTP_MESSAGES.get(
            exc.status_code, ("http_error", f"请求失败（HTTP {exc.status_code}）。", str(exc.detail))
        )
        return error_response(ApiError(exc.status_code, code, message, message_en))


def _location(error: Any) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part not in ("path", "query", "body"))
