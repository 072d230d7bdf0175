"""The response shapes the formats share: JSON data and file downloads."""

from django.http import HttpResponse, JsonResponse


def data_response(data, status=200):
    return JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
