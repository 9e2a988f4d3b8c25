"""The demo story pair loaded by `manage.py loaddemo`: an invented wire story and a flawed rewrite.

Every name and place here is invented. The rewrite is deliberately wrong in the ways that matter
(a wrong number, an invented attribution, a time drift, dropped facts, an unsupported closing line)
and harmlessly reworded elsewhere, so the engine and the workspace have something to find.
"""

from __future__ import annotations

TITLE = "Tarn River flood forces evacuations in Carrick Falls"
DESK = "Regional"
AGENCY = "Nordwire"
DATELINE = "CARRICK FALLS"
MODEL = "demo-rewriter-1 (illustrative)"
PROMPT = (
    "Rewrite this wire story for our regional website in a clear, engaging tone. Keep it short."
)

SOURCE = """\
CARRICK FALLS (Nordwire) — Floodwater from the swollen Tarn River forced about 1,200 residents \
from their homes in Carrick Falls on Sunday night, emergency officials said, after two days of \
heavy rain across the Lowmoor valley.
The river peaked at 4.8 metres shortly after 2 a.m. on Monday, 1.3 metres above flood stage, \
according to the regional water authority. It was the highest level recorded since 1998.
One man, aged 67, died after his car was swept off a flooded road near the village of Brede, \
police said. Three other people were treated in hospital for hypothermia and later released.
"We had water coming through the front door within twenty minutes," said Maria Lund, who spent \
the night at an evacuation centre set up in the Carrick Falls sports hall. About 300 people slept \
there, according to the Red Cross.
Mayor Tomas Berg said the town's flood barriers, built in 2015, had held along most of the \
riverfront but were overtopped in the old mill district. He said it was too early to estimate \
the cost of the damage.
The national weather service has issued an amber warning for further rain in the valley until \
Wednesday. Schools in Carrick Falls and Brede will stay closed on Monday and Tuesday.
"""

REWRITE = """\
Around 2,100 residents of Carrick Falls were forced to flee their homes on Sunday night as the \
Tarn River burst its banks after two days of torrential rain in the Lowmoor valley.
The river reached a peak of 4.8 metres on Tuesday morning, well above flood stage, according to \
the regional water authority, the highest level seen in decades.
A man died after his car was swept off a flooded road near the village of Brede, police said.
"We had water coming through the front door within twenty minutes," said Maria Lund, who spent \
the night at an evacuation centre in the town's sports hall.
Mayor Tomas Berg said the town's flood barriers had held along most of the riverfront but were \
overtopped in the old mill district, and blamed years of underinvestment by the regional \
government for the damage.
The national weather service has warned of more rain in the valley until Wednesday, and schools \
in Carrick Falls and Brede will stay closed on Monday and Tuesday.
Residents face a long and difficult recovery in the weeks ahead.
"""
