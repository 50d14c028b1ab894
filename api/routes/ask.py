"""Questions in Chinese, answered from the graph with the Cypher that answered them."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api import ask as questions
from api.deps import ReaderDep
from api.errors import error_responses
from api.models import Answer, QuestionForm

router = APIRouter(tags=["ask"])


@router.get("/ask", response_model=Answer, response_model_by_alias=True, responses=error_responses(
    (400, "The question connects an entity with itself"),
    (404, "No entity has a name the question uses; error.detail.suggestions lists close matches"),
    (409, "A name in the question names several entities; error.detail.candidates lists them"),
    (422, "Invalid parameters, or no question form matches (error.code unknown_question, error.detail.forms)"), 503))
async def get_answer(reader: ReaderDep, q: Annotated[str, Query(min_length=2, max_length=200, description="e.g. 哪些医院与复旦大学合作")]) -> Response:
    """Answer a Chinese question (partners, funders, responsibilities, affiliations, connections …) with evidence."""
    return await reader.respond("ask", (q,), lambda: questions.ask(reader, q))


@router.get("/ask/forms", response_model=list[QuestionForm])
def get_forms() -> list[QuestionForm]:
    """The question forms /ask understands, one example each."""
    return questions.forms()
