"""pipelines/jar_sync_change_feed's Databricks job (Jobs API 2.1) and pipeline definitions: the
sync task runs first, with change data feed on and a secret reference, never a secret; the
pipeline task depends on it; the files they name exist."""
import json

from pipeline_helpers import PIPELINES, REPO

FOLDER = PIPELINES / "jar_sync_change_feed"


def load(name):
    return json.loads((FOLDER / name).read_text())


def test_the_job_syncs_first_then_runs_the_pipeline():
    job = load("jar_sync_change_feed_job.json")
    sync, silver = job["tasks"]
    assert silver["depends_on"] == [{"task_key": sync["task_key"]}]
    assert "pipeline_id" in silver["pipeline_task"]
    task = sync["spark_python_task"]
    assert (REPO / task["python_file"]).is_file()
    parameters = dict(zip(task["parameters"][::2], task["parameters"][1::2]))
    config = json.loads(parameters["--config"])
    assert all(v.startswith("${secret:") for k, v in config.items() if k == "api_key")
    assert any(lib.get("maven", {}).get("coordinates", "").startswith(
        "io.brickbyte:brickbyte-spark_") for lib in sync["libraries"])
    assert job["job_clusters"][0]["new_cluster"]["data_security_mode"] == "SINGLE_USER"


def test_the_sync_task_turns_change_data_feed_on():
    source = (FOLDER / "sync_bronze.py").read_text()
    assert 'options={"changeDataFeed": "true"}' in source


def test_the_pipeline_definition_names_the_transformations_and_their_configuration():
    pipeline = load("jar_sync_change_feed_pipeline.json")
    include = pipeline["libraries"][0]["glob"]["include"]
    assert include.endswith("pipelines/jar_sync_change_feed/transformations/**")
    assert (FOLDER / "transformations").is_dir()
    assert "brickbyte" in pipeline["environment"]["dependencies"]
    assert set(pipeline["configuration"]) == {"brickbyte.tables", "brickbyte.scdTypes",
                                              "brickbyte.silverMethod"}
